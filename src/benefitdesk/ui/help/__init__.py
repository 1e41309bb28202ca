"""Help: keyboard shortcuts and the glossary, and Help › About."""

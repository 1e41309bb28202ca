"""File › Export Board Pack…: the scope dialog and the pack written in the background."""

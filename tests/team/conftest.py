"""Fixtures of the team-mode tests: a server portfolio with people in each role."""

from __future__ import annotations

import pytest
from server_team import Team, make_team


@pytest.fixture
def team(pg_database: str) -> Team:
    return make_team(pg_database)

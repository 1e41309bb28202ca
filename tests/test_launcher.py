"""The benefitdesk command: which arguments open the window, which run the CLI."""

from __future__ import annotations

import pytest

from benefitdesk.launcher import wants_window


@pytest.mark.parametrize(
    ("argv", "window"),
    [
        ([], True),
        (["Portfolio.sqlite"], True),
        (["open"], True),
        (["open", "x.benefitdesk"], True),
        (["open", "--help"], False),
        (["report", "x.sqlite"], False),
        (["--version"], False),
        (["-h"], False),
        (["sync", "x.sqlite"], False),
    ],
)
def test_dispatch(argv: list[str], window: bool) -> None:
    assert wants_window(argv) is window


def test_cli_version_through_the_launcher(capsys: pytest.CaptureFixture[str]) -> None:
    from benefitdesk import __version__
    from benefitdesk.launcher import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"BenefitDesk {__version__}"

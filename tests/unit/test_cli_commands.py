"""Every command in the root table loads, and the root help lists them all."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from regie.cli.app import COMMANDS, app, load


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_loads_under_its_own_name(name: str) -> None:
    assert load(name).name == name


def test_the_root_help_lists_every_command() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in COMMANDS:
        assert f" {name} " in result.output

"""The policy registry: names, options, plugins by entry point, and policies of your own from a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from propersim_gym import BasePolicy, make_policy, policy_names, register_policy
from propersim_gym.policies.scripted import CadencePolicy, OraclePolicy, SilentPolicy
from propersim_gym.registry import UnknownPolicyError, get_policy

USER_POLICY = '''
from propersim_gym import NO_RECOMMENDATION, BasePolicy


class EveryHour(BasePolicy):
    """Suggests a glass of water once an hour."""

    name = "every-hour"
    required_memory = "none"

    def __init__(self, text: str = "How about a glass of water?") -> None:
        self.text = text

    def act(self, observation):
        return self.text if observation["minutes_since_last"] >= 60 else NO_RECOMMENDATION
'''


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "my_policy.py"
    path.write_text(USER_POLICY)
    return path


def test_scripted_and_plugin_policies_are_registered() -> None:
    names = policy_names()
    assert names[:4] == ("silent", "every-step", "cadence", "oracle")
    # propersim_agents registers through the "propersim_gym.policies" entry point, not imported by name
    assert {"properassistant", "properassistant-contrast", "nomemory", "ar", "ars", "rubric-given"} <= set(
        names
    )
    assert get_policy("nomemory").required_memory == "none" and get_policy("ar").required_memory == "AR"
    assert get_policy("Proper_Assistant").name == "properassistant"  # case, '_' and aliases
    assert get_policy("properassistant").uses_model and not get_policy("oracle").uses_model


def test_make_policy_passes_options_and_only_the_context_a_factory_takes() -> None:
    cadence = make_policy("cadence", seed=4, every_minutes=30, run_dir="ignored", model="ignored")
    assert isinstance(cadence, CadencePolicy) and cadence.every == 30
    assert isinstance(make_policy("silent", seed=1), SilentPolicy)
    assert make_policy("oracle", persona=3).persona.id == 3
    with pytest.raises(TypeError, match=r"'cadence' takes no option every \(it takes: bank, every_minutes\)"):
        make_policy("cadence", every=30)
    with pytest.raises(UnknownPolicyError, match="unknown policy 'psychic'; choose from silent, every-step"):
        make_policy("psychic")


def test_register_refuses_clashes_and_bad_memory() -> None:
    class Mine(BasePolicy):
        name = "mine"

        def act(self, observation):
            return "Maybe stretch?"

    entry = register_policy("test-mine", Mine, required_memory="A", description="a test policy")
    try:
        assert get_policy("test_mine") is entry and isinstance(make_policy("test-mine"), Mine)
        with pytest.raises(ValueError, match="already registered"):
            register_policy("test-mine", SilentPolicy)
        with pytest.raises(ValueError, match="required_memory"):
            register_policy("test-other", Mine, required_memory="everything")
        with pytest.raises(ValueError, match="':'"):
            register_policy("a:b", Mine)
    finally:
        from propersim_gym import registry

        registry._REGISTRY.pop("test-mine")


def test_module_and_file_references(user_file: Path) -> None:
    oracle = make_policy("propersim_gym.policies.scripted:OraclePolicy", seed=2)
    assert isinstance(oracle, OraclePolicy)
    entry = get_policy(f"{user_file}:EveryHour")
    assert entry.required_memory == "none" and "glass of water" in entry.description
    policy = entry.build(text="Tea?", seed=0, run_dir="x", model="tiny")
    assert policy.text == "Tea?"
    for bad, message in [
        (f"{user_file}:Nope", "has no class or function 'Nope'"),
        (f"{user_file.parent / 'missing.py'}:X", "no such file"),
        ("no_such_module_xyz:X", "cannot import"),
    ]:
        with pytest.raises(UnknownPolicyError, match=message):
            get_policy(bad)


def test_cli_runs_a_policy_from_a_file(tmp_path: Path, user_file: Path) -> None:
    from propersim_gym.cli.main import app

    out = tmp_path / "run"
    args = ["run", "--agent", f"{user_file}:EveryHour", "--persona", "2", "--days", "1", "--quiet"]
    args += ["--encoder", "lexical", "--steps-per-day", "30", "--out", str(out)]
    args += ["--agent-option", "text=How about a short stretch?"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = (out / "trajectory.jsonl").read_text().splitlines()
    assert len(lines) == 30 and "How about a short stretch?" in lines[0]
    listed = CliRunner().invoke(app, ["policies"])
    assert listed.exit_code == 0 and "properassistant" in listed.output and "oracle" in listed.output


def test_bench_runs_a_policy_from_a_file(tmp_path: Path, user_file: Path) -> None:
    from propersim_gym.bench.paper import PaperConfig, run_paper_table

    method = f"{user_file}:EveryHour"
    config = PaperConfig.from_preset(
        "cpu",
        tmp_path / "bench",
        methods=(method, "silent"),
        personas=(1,),
        days=1,
        steps_per_day=20,
        encoder="lexical",
    )
    run_paper_table(config, executor="inline", log=lambda _: None)
    table = (tmp_path / "bench" / "table.md").read_text()
    assert "EveryHour" in table
    record = json.loads((tmp_path / "bench" / "record.json").read_text())
    assert not Path(record["config"]["out"]).is_absolute()  # records hold no machine's paths
    runs = list((tmp_path / "bench" / "runs").iterdir())
    assert len(runs) == 2 and all("/" not in r.name for r in runs)

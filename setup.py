"""Package discovery that maps the ``agents/`` folder to the import name ``propersim_agents``."""

from setuptools import find_packages, setup

agent_packages = ["propersim_agents" + name[len("agents") :] for name in find_packages(include=["agents*"])]
setup(
    packages=find_packages(include=["propersim_gym*"]) + agent_packages,
    package_dir={"propersim_agents": "agents"},
)

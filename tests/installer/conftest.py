import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "installer: builds the .debs, installs them on this machine (root, apt-get)")

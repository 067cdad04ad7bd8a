import os

# Widgets render offscreen in every test run, with or without ./test.sh.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.kamailio", "tests.fixtures.pulse"]

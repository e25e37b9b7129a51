import os

# Tests run under the test profile unless the caller chose otherwise (tools/test.sh sets it).
os.environ.setdefault("GONGHUI_ENV", "test")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

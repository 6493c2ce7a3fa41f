"""The local runtime on real collector processes (see `runtime.py`)."""

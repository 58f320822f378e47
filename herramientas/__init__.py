"""Operator tooling: the `mc` command line, `make run`, the process runner, demo and local SMTP."""

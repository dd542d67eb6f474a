"""Tests of zhclean.cli: the command line, through CliRunner and real processes."""

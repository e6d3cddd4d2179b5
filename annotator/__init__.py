"""Annotator: a desktop tool for coding who claims what about which issue."""

__version__ = "0.1.0"

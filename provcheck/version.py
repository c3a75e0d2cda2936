"""The version of provcheck: one home, read by the package metadata too."""

__version__ = "0.1.0"

"""salescockpit: a terminal cockpit for the daily strict control of a sales team."""

__version__ = "0.1.0"

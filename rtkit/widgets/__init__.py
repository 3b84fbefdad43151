"""Jupyter widgets (anywidget): the browser microphone; import each from its module."""

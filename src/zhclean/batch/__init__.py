"""The batch layer: tasks and worker processes, streaming, JSON Lines, progress and summary."""

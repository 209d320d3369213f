"""Language models: the shared encoder, stance, topics and source extraction."""

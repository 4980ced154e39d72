"""The coaching core: pure rules and models. Standard library only, never reads the clock."""

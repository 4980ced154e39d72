"""The scheduling rules of bot/coach/schedule/, a module per rule module there."""

"""The translations: one gettext catalogue per language, and the tool that keeps them in step."""

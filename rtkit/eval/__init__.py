"""Graded experiments: datasets, pure graders, and imports of public function-calling sets (BFCL)."""

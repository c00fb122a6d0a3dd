"""Read models for the history, study and teacher pages, and their SVG charts.

indices.py is pure maths; the other modules query the database and return plain values.
"""

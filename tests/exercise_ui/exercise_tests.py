#!/usr/bin/env python3
"""Exercise player tests (being written)."""
import sys
sys.exit(77)

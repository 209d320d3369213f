"""Execution engines for corpus mode beyond the local process (``--engine ray``)."""

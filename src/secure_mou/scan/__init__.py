"""Batch scans of MOU collections: discover -> reuse (resume, cache) -> check in workers
-> summarise. ``run_scan`` is the entry point; the command only parses options."""

from __future__ import annotations

from .scanner import ScanOptions, ScanResult, run_scan

__all__ = ["ScanOptions", "ScanResult", "run_scan"]

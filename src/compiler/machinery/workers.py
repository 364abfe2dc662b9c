"""Worker processes that never outlive the build that started them.

A build is stopped in three ways, and each must end every process it started, quickly and
quietly: Ctrl-C (SIGINT to the terminal's whole process group), SIGTERM to the group (what
CI runners and systemd send), and SIGKILL of the build alone (which it cannot see coming).

- Workers ignore SIGINT: the build decides what an interruption means and prints one line;
  a worker that took the KeyboardInterrupt itself would print ``Process ForkProcess-1:
  Traceback`` for every worker.
- Workers end at once on SIGTERM (the default action): they hold nothing that needs cleaning
  up, whatever handler the build installed before forking them.
- On Linux the kernel sends a worker SIGKILL when its parent dies (``PR_SET_PDEATHSIG``);
  elsewhere a thread in the worker watches the parent and exits when it is gone.
- When the build unwinds from an error or a signal, :func:`stop` ends the workers itself
  instead of waiting for jobs nobody will read (waiting is what hung builds on SIGTERM).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
STOP_GRACE_S = 2.0
"""How long stopped workers get to exit on SIGTERM before they are killed."""


def pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with the build (see the module's notes)."""
    # Forked workers start at once with WeasyPrint already imported; elsewhere spawn.
    method = "fork" if sys.platform == "linux" else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )


@contextlib.contextmanager
def running(executor: ProcessPoolExecutor) -> Iterator[ProcessPoolExecutor]:
    """Use ``executor``; on the way out wait for it, or stop it if something went wrong."""
    try:
        yield executor
    except BaseException:
        stop(executor)
        raise
    executor.shutdown()


def stop(executor: ProcessPoolExecutor) -> None:
    """End every worker now: pending jobs are dropped, running ones abandoned."""
    processes: list[Any] = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_S
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(1.0)
    executor.shutdown(wait=False, cancel_futures=True)


class _Stopped(BaseException):
    pass


@contextlib.contextmanager
def cleaning_up_on_sigterm() -> Iterator[None]:
    """In a worker that writes outputs itself: SIGTERM unwinds the job, then ends the worker.

    Unwinding runs the ``finally`` blocks that remove the job's temporary files; the worker
    then exits at once, as a worker without files to clean would on SIGTERM.
    """

    def handler(number: int, frame: object) -> None:
        # The build sends its own SIGTERM while the group's is being handled: a second one
        # raised inside a ``finally`` that is removing a file would leave the file behind.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise _Stopped

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    except _Stopped:
        os._exit(128 + signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _start_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    # The parent may have died before the line above took effect.
    if os.getppid() != parent:
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)

# The prelude of every CPython script concur runs: how to report, and how
# to die with concur. Each script prints one JSON object per line.
import json, os, sys, threading, time


def emit(**kw):
    sys.stdout.write(json.dumps(kw) + "\n")
    sys.stdout.flush()


# concur's pipe: our stdin. concur never writes to it, so a read returns
# only at end of file, which means concur is gone. Kept on a second
# descriptor too, because multiprocessing's children close fd 0.
PARENT_PIPE = os.dup(0)


def watch_parent(fd=PARENT_PIPE):
    # os.read, not sys.stdin: a thread blocked in sys.stdin holds its lock,
    # and a forked multiprocessing child that closes stdin would deadlock.
    try:
        while os.read(fd, 65536):
            pass
    finally:
        os._exit(3)


def die_with_parent(parent_pid=None):
    """Exit when concur (our parent's pipe) is gone, and on Linux be killed
    at once when our parent process dies (PR_SET_PDEATHSIG). Called by the
    script itself and, as the pool initializer, by every worker process."""
    try:
        import ctypes, signal
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    # The parent may have died before prctl: then we were re-parented.
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(3)
    threading.Thread(target=watch_parent, daemon=True).start()


def python_info():
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    emit(event="python", version=sys.version.split()[0], gil_enabled=bool(gil))


def mp_context():
    # fork where it exists: `-c` scripts cannot be re-imported by `spawn`.
    import multiprocessing as mp
    try:
        return mp.get_context("fork")
    except ValueError:
        return mp.get_context()


def process_pool(workers):
    """A ProcessPoolExecutor whose workers die with this script."""
    import concurrent.futures as cf
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=mp_context(),
                                  initializer=die_with_parent,
                                  initargs=(os.getpid(),))


def cpu_s():
    # This process's CPU time and that of its reaped children (the pool's).
    c = time.process_time()
    try:
        import resource
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        c += r.ru_utime + r.ru_stime
    except Exception:
        pass
    return c


die_with_parent()

# shared-memory: CPython threads on one counter; a forked child's copy.
# argv: threads, budget_ms
counter = 0
lock = threading.Lock()


def nothing():
    pass


def plain(n):
    global counter
    for _ in range(n):
        counter += 1


def call_between(n):
    # Read, call a function (a point where CPython may switch threads),
    # then write back: the read-modify-write is not atomic.
    global counter
    for _ in range(n):
        v = counter
        nothing()
        counter = v + 1


def locked(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1


def rate(f):
    global counter
    t = time.thread_time()
    f(20000)
    counter = 0
    return 20000 / max(time.thread_time() - t, 1e-6)


def on_threads(mode, f, w, per, figure):
    global counter
    counter = 0
    emit(event="run_started", mode=mode)
    ts = [threading.Thread(target=f, args=(per,)) for _ in range(w)]
    c = time.process_time()
    t = time.perf_counter()
    for th in ts:
        th.start()
    for th in ts:
        th.join()
    wall = time.perf_counter() - t
    total = per * w
    lost = total - min(counter, total)
    pct = lost * 100.0 / total
    emit(event="figure", name=figure, value=pct)
    emit(event="run", mode=mode, workers=w, wall_ms=wall * 1e3,
         cpu_ms=(time.process_time() - c) * 1e3, pids=[os.getpid()],
         note="counter = %d of %d: %d updates lost (%.1f %%)" % (counter, total, lost, pct))


def forked(n):
    global counter
    counter = 0
    emit(event="run_started", mode="python-fork")
    me = os.getpid()
    r, w = os.pipe()
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            die_with_parent(me)
            for _ in range(n):
                counter += 1
            os.write(w, str(counter).encode())
        finally:
            os._exit(0)
    os.close(w)
    child = b""
    while True:
        b = os.read(r, 64)
        if not b:
            break
        child += b
    os.close(r)
    os.waitpid(pid, 0)
    wall = time.perf_counter() - t
    try:
        child = int(child)
    except ValueError:
        child = -1
    emit(event="figure", name="python fork copies off", value=float(child != n or counter != 0))
    emit(event="run", mode="python-fork", workers=1, wall_ms=wall * 1e3, pids=[me, pid],
         note="a forked child (pid %d) added %d to its copy: it read %d; the parent's counter (pid %d) is still %d"
         % (pid, n, child, me, counter))


def main():
    w, budget_ms = int(sys.argv[1]), float(sys.argv[2])
    python_info()
    share = budget_ms / 1000.0 / 4.0
    # Each run does about `share` seconds of CPU work in all.
    for mode, f, figure in (("python-counter", plain, "python plain lost %"),
                            ("python-call-between", call_between, "python call-between lost %"),
                            ("python-lock", locked, "python lock lost %")):
        per = max(1000, int(rate(f) * share) // w)
        on_threads(mode, f, w, per, figure)
    forked(max(1000, int(rate(plain) * share / 4)))


main()

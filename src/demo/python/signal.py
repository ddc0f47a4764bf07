# signal: a Python handler for SIGUSR1 while the main thread computes; a
# helper thread sends the signals. CPython runs handlers in the main
# thread, between bytecodes. argv: signals, budget_ms
import signal

handled = []


def handler(signum, frame):
    handled.append((time.perf_counter(), threading.current_thread() is threading.main_thread()))


def main():
    n, budget = int(sys.argv[1]), float(sys.argv[2]) / 1000.0
    python_info()
    signal.signal(signal.SIGUSR1, handler)
    emit(event="run_started", mode="python-signals")
    sent = []
    gap = budget / (n + 1)
    def sender():
        for _ in range(n):
            time.sleep(gap)
            sent.append(time.perf_counter())
            os.kill(os.getpid(), signal.SIGUSR1)
    th = threading.Thread(target=sender, daemon=True)
    c = time.process_time()
    t = time.perf_counter()
    th.start()
    units = 0
    x = 1
    while th.is_alive() or len(handled) < len(sent):
        for i in range(10000):
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        units += 1
        if time.perf_counter() - t > budget * 3 + 2:
            break
    wall = time.perf_counter() - t
    lat = [(h - s) * 1e3 for (h, _), s in zip(handled, sent)]
    mean = sum(lat) / len(lat) if lat else float("nan")
    on_main = sum(1 for _, m in handled if m)
    emit(event="figure", name="python handled", value=float(len(handled)))
    emit(event="figure", name="python mean ms", value=mean)
    emit(event="figure", name="python off main", value=float(len(handled) - on_main))
    emit(event="figure", name="python units", value=float(units))
    emit(event="run", mode="python-signals", workers=1, wall_ms=wall * 1e3,
         cpu_ms=(time.process_time() - c) * 1e3, pids=[os.getpid()],
         note="%d of %d SIGUSR1 handled by a Python handler, %d of them on the main thread, %.2f ms after the kill on average, while the main thread computed %d units"
         % (len(handled), n, on_main, mean, units))


main()

"""Background work goes through one door; callbacks come back on the GUI thread."""

from __future__ import annotations

import threading

from app.errors import DomainError
from ui.errors import describe_error


def test_the_work_runs_off_the_gui_thread_and_the_callback_on_it(qtbot, runner):
    seen: dict[str, str] = {}

    def work(x: int) -> int:
        seen["worker"] = threading.current_thread().name
        return x * 2

    def done(result: int) -> None:
        seen["callback"] = threading.current_thread().name
        seen["result"] = str(result)

    with qtbot.waitSignal(runner.idle):
        runner.read(work, 21).success(done).run()
    assert seen["result"] == "42"
    assert seen["callback"] == threading.main_thread().name != seen["worker"]


def test_writes_are_serialised_through_one_thread(qtbot, runner):
    threads: set[int] = set()
    active = []
    overlap = []

    def write(i: int) -> int:
        active.append(i)
        overlap.append(len(active) > 1)
        threads.add(threading.get_ident())
        active.remove(i)
        return i

    results: list[int] = []
    for i in range(20):
        runner.write(write, i).success(results.append).run()
    qtbot.waitUntil(lambda: len(results) == 20)
    assert results == list(range(20))
    assert len(threads) == 1 and not any(overlap)


def test_a_failure_without_a_handler_goes_to_the_error_handler(qtbot, runner, errors):
    def boom() -> None:
        raise DomainError("This person is not on the register.")

    with qtbot.waitSignal(runner.idle):
        runner.read(boom).run()
    assert [describe_error(e) for e in errors] == ["This person is not on the register."]


def test_a_failure_handler_gets_the_exception_instead(qtbot, runner, errors):
    caught: list[BaseException] = []
    with qtbot.waitSignal(runner.idle):
        runner.read(lambda: 1 / 0).failure(caught.append).run()
    assert isinstance(caught[0], ZeroDivisionError) and not errors


def test_unexpected_errors_are_described_without_internals():
    text = describe_error(KeyError("candidate_id"))
    assert text.startswith("Something went wrong") and "candidate_id" not in text


def test_progress_labels_are_announced_and_cleared(qtbot, runner):
    labels: list[str] = []
    runner.busy_changed.connect(labels.append)
    with qtbot.waitSignal(runner.idle):
        runner.network(lambda: None).with_progress("Syncing…").run()
    assert labels == ["Syncing…", ""]


def test_an_answer_for_a_deleted_window_is_dropped_not_raised(qtbot, runner, errors):
    from PySide6.QtCore import QObject, Signal

    class Panel(QObject):
        shown = Signal(int)

        def show_result(self, value: int) -> None:
            self.shown.emit(value)  # raises "Signal source has been deleted" if called

    gate = threading.Event()
    panel, alive = Panel(), Panel()
    got: list[int] = []
    alive.shown.connect(got.append)
    runner.read(lambda: gate.wait(5) and 7).success(panel.show_result).run()
    runner.read(lambda: gate.wait(5) and 8).success(alive.show_result).run()
    import shiboken6

    shiboken6.delete(panel)  # the window is gone before its read answers
    with qtbot.waitSignal(runner.idle):
        gate.set()
    assert got == [8] and errors == []

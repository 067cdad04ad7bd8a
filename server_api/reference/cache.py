"""Classifier problems and executors held in memory by each API process.

Both are reference data: seeded when the API starts, never edited over the API,
and read by every registration (a problem by its code, an executor by the
problem's routing rule). Reading them from memory instead of the database
saves three round trips and their ORM objects per registration. A copy older
than MAX_AGE_S is reloaded, so a reseeded classifier reaches running
workers without a restart.
"""

from __future__ import annotations

import json
import threading
import time
import weakref
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from server_api.errors import ApiError
from server_api.models import Executor, Problem, Sphere

MAX_AGE_S = 300.0


@dataclass(frozen=True)
class ProblemRef:
    id: int
    code: str
    name: str
    sphere_name: str
    term_days: int
    emergency: bool
    executor_rule: str


@dataclass(frozen=True)
class ExecutorRef:
    id: int
    code: str
    name: str
    kind: str
    district: str | None


class ReferenceData:
    def __init__(self, problems: list[ProblemRef], executors: list[ExecutorRef]) -> None:
        self.loaded_at = time.monotonic()
        self._problems = {p.code: p for p in problems}
        self._by_id = {e.id: e for e in executors}
        self._by_code = {e.code: e for e in executors}
        self._routes: dict[str, tuple[str, int | None]] = {}
        # In id order, so "the first of a kind" is the same executor the database gave.
        self._by_kind: dict[str, list[ExecutorRef]] = {}
        for executor in sorted(executors, key=lambda e: e.id):
            self._by_kind.setdefault(executor.kind, []).append(executor)

    def problem(self, code: str) -> ProblemRef:
        found = self._problems.get(code.strip())
        if found is None:
            raise ApiError(422, "unknown_problem",
                           f"Невідомий код проблеми класифікатора: «{code}»", "problem_code")
        return found

    def executor_for(self, problem: ProblemRef, district: str | None) -> ExecutorRef | None:
        """The problem's rule: a fixed executor's code, or a kind (ЖЕД, administration)
        taken in the building's district. Without a district only a fixed one is named."""
        rule = problem.executor_rule
        fixed = self._by_code.get(rule)
        if fixed is not None or district is None:
            return fixed
        of_kind = self._by_kind.get(rule, [])
        for executor in of_kind:
            if executor.district == district:
                return executor
        return of_kind[0] if of_kind else None


    def executor(self, executor_id: int | None) -> ExecutorRef | None:
        return None if executor_id is None else self._by_id.get(executor_id)

    def executor_routes(self, problem: ProblemRef) -> tuple[str, int | None]:
        """executor_for as data, for a statement that learns the district itself:
        JSON {district: executor id} and the id for any other district."""
        if problem.code not in self._routes:
            fixed = self._by_code.get(problem.executor_rule)
            of_kind = [] if fixed else self._by_kind.get(problem.executor_rule, [])
            by_district: dict[str, int] = {}
            for executor in of_kind:
                if executor.district is not None:
                    by_district.setdefault(executor.district, executor.id)
            fallback = fixed or (of_kind[0] if of_kind else None)
            self._routes[problem.code] = (json.dumps(by_district, ensure_ascii=False),
                                          fallback.id if fallback else None)
        return self._routes[problem.code]


def _load(session: Session) -> ReferenceData:
    problems = [ProblemRef(row.id, row.code, row.name, row.sphere_name, row.term_days,
                           row.emergency, row.executor_rule)
                for row in session.execute(
                    select(Problem.id, Problem.code, Problem.name,
                           Sphere.name.label("sphere_name"), Problem.term_days,
                           Problem.emergency, Problem.executor_rule)
                    .join(Sphere, Sphere.id == Problem.sphere_id))]
    executors = [ExecutorRef(row.id, row.code, row.name, row.kind, row.district)
                 for row in session.execute(select(Executor.id, Executor.code, Executor.name,
                                                   Executor.kind, Executor.district))]
    return ReferenceData(problems, executors)


_loaded: weakref.WeakKeyDictionary[Engine, ReferenceData] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def reference_data(session: Session) -> ReferenceData:
    """This database's reference data, loaded on first use and every MAX_AGE_S."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    data = _loaded.get(engine)
    if data is None or time.monotonic() - data.loaded_at > MAX_AGE_S:
        with _lock:
            data = _loaded.get(engine)
            if data is None or time.monotonic() - data.loaded_at > MAX_AGE_S:
                data = _loaded[engine] = _load(session)
    return data


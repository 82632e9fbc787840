"""foedus in Python: research panels, scenarios and alliance networks from the
registry of military agreements, computed by the same Rust engine as the
``foedus`` command line and HTTP service (issue 18).

The grammar is peacesciencer's::

    import foedus
    panel = foedus.dyad_years(system="cow", years=(1816, 2016)).add("atop", "nmc", "fpsim")
    table = panel.to_arrow()        # a pyarrow.Table over the engine's own buffers
    frame = panel.to_pandas()

Module-level functions ask a registry opened lazily at the default location
(the CLI's: ``$FOEDUS_DB`` or the platform's default path) and kept for the
session; :func:`open` gives a :class:`Registry` with the same functions as methods.
This module only converts arguments and results: every answer is the engine's.

Bad input raises :class:`FoedusError` (a ``ValueError``) whose message starts with
the argument at fault; an answer reaching past its sources' data warns with
:class:`FoedusCoverageWarning` and keeps the note in the table's schema metadata
(``foedus.note``).
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
import warnings as _warnings
from dataclasses import dataclass as _dataclass
from typing import Any, Iterable, NamedTuple, Optional, Sequence, Tuple, Union

import pyarrow as _pa

from . import _foedus
from ._foedus import DataError, FoedusError, RegistryError

__all__ = [
    "DataError",
    "FoedusCoverageWarning",
    "FoedusError",
    "Networks",
    "Panel",
    "Registry",
    "RegistryError",
    "Simulation",
    "agreements",
    "calendar",
    "dyad_years",
    "import_data",
    "network",
    "networks",
    "obligations",
    "open",
    "similarity",
    "simulate",
    "state_years",
    "variable_names",
]

#: The schema metadata key holding a table's coverage note.
NOTE_KEY: str = _foedus.NOTE_KEY

Day = Union[_dt.date, str]
Path = Union[str, "_os.PathLike[str]"]


class FoedusCoverageWarning(UserWarning):
    """An answer covers dates past some source's last coded day (its note says which)."""


def variable_names() -> list:
    """Every name :meth:`Panel.add` knows (the CLI's ``--add`` keys)."""
    return list(_foedus.variable_names())


# --- argument conversion -------------------------------------------------------


def _text(name: str, value: Any, optional: bool = True) -> Optional[str]:
    if value is None and optional:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a COW code
    raise TypeError(f"{name}: expected a string, got {type(value).__name__} {value!r}")


def _day(name: str, value: Any, optional: bool = False) -> Optional[str]:
    """A day as the engine reads it: a ``datetime.date`` in ISO form, or text as typed."""
    if value is None and optional:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(
        f"{name}: expected a datetime.date or a string YYYY-MM-DD or 'today', "
        f"got {type(value).__name__} {value!r}"
    )


def _int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            import numbers

            if isinstance(value, numbers.Integral) and not isinstance(value, bool):
                return int(value)
        except ImportError:  # pragma: no cover
            pass
        raise TypeError(f"{name}: expected a whole number, got {type(value).__name__} {value!r}")
    if not -(2**63) <= value < 2**63:
        raise FoedusError(f"{name}: {value} is out of range: expected a whole number below 2**63")
    return value


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name}: expected True or False, got {type(value).__name__} {value!r}")
    return value


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name}: expected a number, got {type(value).__name__} {value!r}")
    return float(value)


def _honour(value: Any) -> Union[float, str]:
    """``honour``: a probability, or text the engine reads (``"empirical"``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"honour: expected a probability from 0 to 1 or 'empirical', "
            f"got {type(value).__name__} {value!r}"
        )
    return float(value)


def _years(name: str, value: Any) -> Tuple[int, int]:
    """``(first, last)``, or one year for both."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value, value
    try:
        first, last = value
    except (TypeError, ValueError):
        raise TypeError(
            f"{name}: expected (first, last) years such as (1816, 2016), got {value!r}"
        ) from None
    return _int(name, first), _int(name, last)


def _names(name: str, value: Any) -> list:
    """A list of names: one string (comma-separated allowed) or an iterable of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.split(",")]
    out = []
    for v in value:
        if not isinstance(v, str):
            raise TypeError(f"{name}: expected names as strings, got {type(v).__name__} {v!r}")
        out.append(v)
    return out


def _tri(name: str, value: Any) -> Optional[str]:
    """``True``/``False``/``None`` or ``"yes"``/``"no"``/``"unknown"``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    raise TypeError(f"{name}: expected True, False, None or 'yes', 'no', 'unknown', got {value!r}")


def _attack(attacker, target, date, place, provoked, attackers, requested) -> Any:
    """The attack ``obligations`` and ``simulate`` ask about, each argument checked
    for its type here and for its value by the engine."""
    return _foedus.Attack(
        _text("attacker", attacker, False),
        _text("target", target, False),
        _day("date", date),
        _names("place", place),
        _tri("provoked", provoked),
        None if attackers is None else _int("attackers", attackers),
        _tri("requested", requested),
    )


def _table(result: Tuple[Any, Optional[str]], stacklevel: int = 3) -> _pa.Table:
    """A pyarrow table from the engine's stream (no copy), warning its note."""
    reader, note = result
    table = reader.read_all()
    if note:
        _warnings.warn(note, FoedusCoverageWarning, stacklevel=stacklevel)
    return table


def note_of(table: _pa.Table) -> Optional[str]:
    """The coverage note a table carries, if any."""
    meta = table.schema.metadata or {}
    value = meta.get(NOTE_KEY.encode())
    return value.decode() if value is not None else None


# --- the registry --------------------------------------------------------------


class Registry:
    """A registry snapshot: the database at a path or URL, loaded once.

    Every question is a method here and, on the default registry, a module-level
    function. :meth:`import_data` writes a data directory and reloads the snapshot.
    """

    def __init__(self, db: Optional[Path] = None):
        self._db = None if db is None else _os.fspath(db)
        self._snapshot, self.location, created = _foedus.open(self._db)
        #: The number of starter agreements written if opening created the registry.
        self.created: Optional[int] = created

    def __repr__(self) -> str:
        return f"<foedus.Registry at {self.location}>"

    def import_data(self, dir: Path) -> dict:
        """Imports a directory laid out like the shared data (``cow/``, ``atop-5.1/``,
        ``nmc/``, ...) in one transaction, then reloads the snapshot. Returns
        ``{"sources": {name: changed}, "skipped": [...]}``."""
        written, skipped = _foedus.import_dir(_os.fspath(dir), self._db)
        self._snapshot, self.location, _ = _foedus.open(self._db)
        return {"sources": dict(written), "skipped": list(skipped)}

    # panels
    def state_years(
        self,
        system: str = "cow",
        years: Tuple[int, int] = (1816, 2016),
        microstates: bool = False,
    ) -> "Panel":
        """Every state-year of a state system (``cow`` or ``gw``), as peacesciencer's
        ``create_stateyears``; add variables with :meth:`Panel.add`."""
        return Panel._new(self, "state", system, years, True, microstates, (), None)

    def dyad_years(
        self,
        system: str = "cow",
        directed: bool = True,
        years: Tuple[int, int] = (1816, 2016),
        microstates: bool = False,
        on: Optional[Day] = None,
    ) -> "Panel":
        """Every dyad-year of a state system, directed (both orders) by default, as
        peacesciencer's ``create_dyadyears``; ``on`` gives the dyads in force on one day."""
        return Panel._new(self, "dyad", system, years, directed, microstates, (), on)

    # questions
    def obligations(
        self,
        attacker: Union[str, int],
        target: Union[str, int],
        date: Day,
        place: Union[str, Sequence[str], None] = None,
        provoked: Union[bool, str, None] = None,
        attackers: Optional[int] = None,
        requested: Union[bool, str, None] = None,
    ) -> _pa.Table:
        """Who is bound to act, stay out or consult if ``attacker`` attacks ``target``
        on ``date``: one row per obligation (states by COW code, abbreviation, ISO
        code or name; ``place`` among home, europe, africa, middle_east, asia,
        americas, oceania, north_atlantic, pacific)."""
        return _table(
            _foedus.obligations(
                self._snapshot,
                _attack(attacker, target, date, place, provoked, attackers, requested),
            )
        )

    def simulate(
        self,
        attacker: Union[str, int],
        target: Union[str, int],
        date: Day,
        runs: int = 10000,
        seed: int = 1914,
        honour: Union[float, str] = 0.75,
        honour_by_type: Optional[dict] = None,
        possibly: str = "as_triggered",
        top: int = 10,
        place: Union[str, Sequence[str], None] = None,
        provoked: Union[bool, str, None] = None,
        attackers: Optional[int] = None,
        requested: Union[bool, str, None] = None,
    ) -> "Simulation":
        """Escalation cascades through alliance obligations over ``runs`` seeded runs:
        each state's odds of joining either side (``.states``) and the whole
        simulation (``.details``: assumptions, coalitions, most common chains).

        ``honour`` is the probability that a triggered commitment is honoured, or
        ``"empirical"``: each commitment's rate from the reliability record of the
        registry's wars and disputes (they must be imported), as ``foedus simulate
        --honour empirical`` draws it; ``.honour`` then says where the rates come
        from and ``.rates`` lists each commitment's."""
        by_type = [
            (_text("honour_by_type", kind, False), _number(f"honour_by_type[{kind!r}]", p))
            for kind, p in (honour_by_type or {}).items()
        ]
        reader, note, rates, said, details = _foedus.simulate(
            self._snapshot,
            _attack(attacker, target, date, place, provoked, attackers, requested),
            _int("runs", runs),
            _int("seed", seed),
            _honour(honour),
            by_type,
            _text("possibly", possibly, False),
            _int("top", top),
        )
        return Simulation(_table((reader, note)), _json.loads(details), said, rates.read_all())

    def agreements(
        self,
        party: Union[str, int, None] = None,
        partner: Union[str, int, None] = None,
        family: Optional[str] = None,
        obligation: Optional[str] = None,
        owed_to: Union[str, int, None] = None,
        owed_by: Union[str, int, None] = None,
        in_force: Optional[Day] = None,
        bilateral: Optional[bool] = None,
        source: Optional[str] = None,
        text: Optional[str] = None,
    ) -> _pa.Table:
        """The agreements a filter keeps (the CLI's ``agreement list``), each with its
        status on ``in_force`` (else today)."""
        return _table(
            _foedus.agreements(
                self._snapshot,
                _text("party", party),
                _text("partner", partner),
                _text("family", family),
                _text("obligation", obligation),
                _text("owed_to", owed_to),
                _text("owed_by", owed_by),
                _day("in_force", in_force, optional=True),
                None if bilateral is None else _flag("bilateral", bilateral),
                _text("source", source),
                _text("text", text),
            )
        )

    def calendar(
        self,
        start: Optional[Day] = None,
        end: Optional[Day] = None,
        party: Union[str, int, None] = None,
        kinds: Union[str, Sequence[str], None] = None,
    ) -> _pa.Table:
        """The dates ahead (expiries, renewals, notice deadlines, ...) from ``start``
        (today if absent; ``YYYY``, ``YYYY-MM`` or a day) to ``end`` (two years on if
        absent), of ``party``'s agreements, of the ``kinds`` named (all if none)."""
        return _table(
            _foedus.calendar(
                self._snapshot,
                _day("start", start, optional=True),
                _day("end", end, optional=True),
                _text("party", party),
                _names("kinds", kinds),
            )
        )

    def similarity(
        self,
        system: str = "cow",
        directed: bool = False,
        years: Tuple[int, int] = (1816, 2016),
        microstates: bool = False,
        portfolio: str = "owed",
        levels: str = "atop",
        measures: Union[str, Sequence[str], None] = None,
        weights: Optional[str] = "cinc",
    ) -> _pa.Table:
        """Alliance portfolio similarity (S, pi, kappa, tau-b) for every dyad-year, each
        pair once by default; ``weights=None`` leaves out the capability-weighted S."""
        if weights not in ("cinc", None):
            raise FoedusError(f"weights: {weights!r}: expected 'cinc' or None")
        y0, y1 = _years("years", years)
        return _table(
            _foedus.similarity(
                self._snapshot,
                _text("system", system, False),
                y0,
                y1,
                _flag("directed", directed),
                _flag("microstates", microstates),
                _text("portfolio", portfolio, False),
                _text("levels", levels, False),
                _names("measures", measures),
                weights is not None,
            )
        )

    def networks(
        self,
        years: Tuple[int, int] = (1816, 2016),
        ties: str = "defense",
        system: str = "cow",
        microstates: bool = False,
    ) -> "Networks":
        """The alliance networks of a span of years, measured: ``.years`` (one row per
        year), ``.states`` (per member and year: degree, centralities, community) and
        ``.ties`` (per tie, with its obligations)."""
        y0, y1 = _years("years", years)
        parts = _foedus.networks(
            self._snapshot,
            _text("system", system, False),
            y0,
            y1,
            _flag("microstates", microstates),
            _text("ties", ties, False),
        )
        tables = [p[0].read_all() for p in parts]
        note = parts[0][1]
        if note:
            _warnings.warn(note, FoedusCoverageWarning, stacklevel=2)
        return Networks(*tables)

    def network(
        self,
        year: int,
        ties: str = "defense",
        system: str = "cow",
        microstates: bool = False,
        graphml: bool = False,
    ) -> Any:
        """One year's alliance network as a ``networkx.Graph`` (members as nodes with
        their measures, ties as edges with their obligations), from the engine's
        GraphML; ``graphml=True`` returns the GraphML text (for igraph or Gephi)."""
        text, note = _foedus.network_graphml(
            self._snapshot,
            _text("system", system, False),
            _int("year", year),
            _flag("microstates", microstates),
            _text("ties", ties, False),
        )
        if note:
            _warnings.warn(note, FoedusCoverageWarning, stacklevel=2)
        if graphml:
            return text
        import networkx

        return networkx.parse_graphml(text)


class Networks(NamedTuple):
    """The three tables of :meth:`Registry.networks`."""

    years: _pa.Table
    states: _pa.Table
    ties: _pa.Table


@_dataclass(frozen=True)
class Simulation:
    """A simulated cascade: each state's odds, and the whole result as the CLI's JSON;
    how commitments were honoured, in words (``honour``: the probabilities by type,
    or ``"empirical rates (from the reliability record ...)"``), and with empirical
    rates each commitment's rate and where it comes from (``rates``: ``obligor``,
    ``obligor_abb``, ``beneficiary``, ``beneficiary_abb``, ``kind``, ``agreements``,
    ``probability``, ``source``; no rows with probabilities given)."""

    states: _pa.Table
    details: dict
    honour: str
    rates: _pa.Table


class Panel:
    """A state-year or dyad-year panel: what to build, built by the engine when first
    read (:meth:`to_arrow`, :meth:`to_pandas`, ``len``). :meth:`add` returns a new
    panel; a panel never changes."""

    __slots__ = ("_registry", "_unit", "_system", "_years", "_directed", "_microstates", "_add", "_on", "_table")

    @classmethod
    def _new(cls, registry, unit, system, years, directed, microstates, add, on) -> "Panel":
        p = cls.__new__(cls)
        p._registry = registry
        p._unit = unit
        p._system = _text("system", system, False)
        p._years = _years("years", years)
        p._directed = _flag("directed", directed)
        p._microstates = _flag("microstates", microstates)
        p._add = tuple(add)
        p._on = _day("on", on, optional=True)
        p._table = None
        _foedus.check_panel(
            p._system, p._years[0], p._years[1], p._directed, p._microstates, list(p._add), p._on
        )
        return p

    def add(self, *names: str) -> "Panel":
        """A new panel with these variables added (see :func:`variable_names`): atop,
        nmc, majors, fpsim, gml_mids, cow_wars, peace_years, contiguity,
        capital_distance, democracy, rivalries, dcad, atop-dyadic."""
        added = []
        for n in names:
            added.extend(_names("add", n))
        return Panel._new(
            self._registry,
            self._unit,
            self._system,
            self._years,
            self._directed,
            self._microstates,
            self._add + tuple(added),
            self._on,
        )

    @property
    def variables(self) -> Tuple[str, ...]:
        """The variables added, in order."""
        return self._add

    def to_arrow(self) -> _pa.Table:
        """The panel as a ``pyarrow.Table`` over the engine's buffers (no copy)."""
        if self._table is None:
            self._table = _table(
                _foedus.panel(
                    self._registry._snapshot,
                    self._unit,
                    self._system,
                    self._years[0],
                    self._years[1],
                    self._directed,
                    self._microstates,
                    list(self._add),
                    self._on,
                )
            )
        return self._table

    def to_pandas(self, **kwargs: Any):
        """The panel as a ``pandas.DataFrame`` (``pyarrow.Table.to_pandas``'s options)."""
        return self.to_arrow().to_pandas(**kwargs)

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The Arrow PyCapsule stream interface: polars, duckdb and others read a panel directly."""
        return self.to_arrow().__arrow_c_stream__(requested_schema)

    def __len__(self) -> int:
        return self.to_arrow().num_rows

    def __repr__(self) -> str:
        kind = "dyad-years" if self._unit == "dyad" else "state-years"
        first, last = self._years
        extra = f", directed={self._directed}" if self._unit == "dyad" else ""
        when = f", on={self._on}" if self._on else f", years=({first}, {last})"
        add = f" + {', '.join(self._add)}" if self._add else ""
        return f"<foedus.Panel {kind} system={self._system}{when}{extra}{add}>"


# --- the default registry ------------------------------------------------------

_default: Optional[Registry] = None


def open(db: Optional[Path] = None) -> Registry:  # noqa: A001 (foedus.open, as in the brief)
    """Opens the registry at ``db`` (a SQLite path or a ``postgres://`` URL; else
    ``$FOEDUS_DB``, else the CLI's default path), creating it with the starter
    records on first use. With ``db=None`` it becomes the default registry the
    module-level functions use."""
    global _default
    reg = Registry(db)
    if db is None:
        _default = reg
    return reg


def _registry() -> Registry:
    global _default
    if _default is None:
        _default = Registry(None)
    return _default


def import_data(dir: Path, db: Optional[Path] = None) -> dict:
    """Imports a directory laid out like the shared data into the registry at ``db``
    (the default if ``None``) in one transaction, as ``foedus import`` does; the
    default registry is reloaded when it is the one written."""
    global _default
    written, skipped = _foedus.import_dir(_os.fspath(dir), None if db is None else _os.fspath(db))
    if db is None:
        _default = None
    return {"sources": dict(written), "skipped": list(skipped)}


def state_years(system: str = "cow", years: Tuple[int, int] = (1816, 2016), microstates: bool = False) -> Panel:
    return _registry().state_years(system, years, microstates)


def dyad_years(
    system: str = "cow",
    directed: bool = True,
    years: Tuple[int, int] = (1816, 2016),
    microstates: bool = False,
    on: Optional[Day] = None,
) -> Panel:
    return _registry().dyad_years(system, directed, years, microstates, on)


def obligations(attacker, target, date, place=None, provoked=None, attackers=None, requested=None) -> _pa.Table:
    return _registry().obligations(attacker, target, date, place, provoked, attackers, requested)


def simulate(attacker, target, date, runs=10000, seed=1914, honour=0.75, honour_by_type=None,
             possibly="as_triggered", top=10, place=None, provoked=None, attackers=None,
             requested=None) -> Simulation:
    return _registry().simulate(attacker, target, date, runs, seed, honour, honour_by_type,
                                possibly, top, place, provoked, attackers, requested)


def agreements(party=None, partner=None, family=None, obligation=None, owed_to=None, owed_by=None,
               in_force=None, bilateral=None, source=None, text=None) -> _pa.Table:
    return _registry().agreements(party, partner, family, obligation, owed_to, owed_by,
                                  in_force, bilateral, source, text)


def calendar(start=None, end=None, party=None, kinds=None) -> _pa.Table:
    return _registry().calendar(start, end, party, kinds)


def similarity(system="cow", directed=False, years=(1816, 2016), microstates=False,
               portfolio="owed", levels="atop", measures=None, weights="cinc") -> _pa.Table:
    return _registry().similarity(system, directed, years, microstates, portfolio, levels,
                                  measures, weights)


def networks(years=(1816, 2016), ties="defense", system="cow", microstates=False) -> Networks:
    return _registry().networks(years, ties, system, microstates)


def network(year, ties="defense", system="cow", microstates=False, graphml=False):
    return _registry().network(year, ties, system, microstates, graphml)


# The module-level functions say what their Registry methods say.
for _name in ("state_years", "dyad_years", "obligations", "simulate", "agreements", "calendar",
              "similarity", "networks", "network"):
    globals()[_name].__doc__ = (getattr(Registry, _name).__doc__ or "") + (
        "\n\n    Asks the default registry (see :func:`open`)."
    )
del _name

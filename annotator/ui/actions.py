"""Every action of the window in one registry, declared per feature with its default keys.

A feature (editing, files, review, labels, view …) declares an `ActionCollection`: each
action has a stable id (`"edit.redo"`), a text and default keys. The `ActionRegistry`
holds every collection of a window, applies the analyst's own keys from the settings
(`shortcuts/<id>`, a JSON list such as `["Ctrl+Shift+Z", "Ctrl+Y"]`; `[]` removes the
keys) and makes sure that no two actions that can be active together share a key.

Keys are always written out (`"Ctrl+Shift+Z"`), never taken from `QKeySequence`'s
platform bindings: on X11 `QKeySequence.Redo` *is* Ctrl+Shift+Z, and an action given
both becomes an "ambiguous shortcut overload" that fires nothing.

When keys do collide (a codebook label with hotkey "A" beside review's Accept, an
override that takes a key already in use), the action registered first keeps the key,
the other loses it, and `apply_keys` says so in one line per clash. Built-in
collections are registered before the codebook's labels, so a label never shadows a
built-in key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence

SETTINGS_GROUP = "shortcuts"
ALWAYS = "window"   # the scope of actions active whenever the window is


@dataclass(frozen=True)
class KeyClash:
    key: str
    kept: str      # id of the action that keeps the key
    lost: str      # id of the action that loses it

    def __str__(self) -> str:
        return f"{self.key} stays with “{self.kept}”; removed from “{self.lost}”"


class ActionCollection(QObject):
    """One feature's actions. `scope` says when they can fire: `ALWAYS`, or a mode such as
    "review" (whose actions are active together with the `ALWAYS` ones, never with another
    mode's)."""

    def __init__(self, name: str, title: str, parent: QObject, scope: str = ALWAYS) -> None:
        super().__init__(parent)
        self.name = name
        self.title = title
        self.scope = scope
        self._actions: dict[str, QAction] = {}
        self._defaults: dict[str, tuple[str, ...]] = {}

    def add(self, name: str, text: str, keys: Iterable[str] = (), slot: Callable | None = None, *,
            checkable: bool = False, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"{self.name}.{name}")
        action.setCheckable(checkable)
        if tip:
            action.setToolTip(tip)
        if slot is not None:
            (action.toggled if checkable else action.triggered).connect(slot)
        self._actions[name] = action
        self._defaults[name] = tuple(keys)
        action.setShortcuts([QKeySequence(k) for k in self._defaults[name]])
        return action

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __contains__(self, name: str) -> bool:
        return name in self._actions

    def actions(self) -> list[QAction]:
        return list(self._actions.values())

    def default_keys(self, name: str) -> tuple[str, ...]:
        return self._defaults[name]

    def items(self) -> list[tuple[str, QAction]]:
        return list(self._actions.items())


class LendableCollection(ActionCollection):
    """A mode's actions whose keys another mode borrows while the owner is off: suggestion review
    uses review's N, P, A, R and Shift+A. One set of actions serves both, so their keys can never
    clash; while lent, each borrowed action shows the borrower's text and calls its slot, and the
    actions not borrowed are disabled."""

    def __init__(self, name: str, title: str, parent: QObject, scope: str = ALWAYS) -> None:
        super().__init__(name, title, parent, scope)
        self.owner_active = False
        self._texts: dict[str, str] = {}
        self._lent: dict[str, tuple[str, Callable[[], None]]] = {}

    def add(self, name: str, text: str, keys: Iterable[str] = (), slot: Callable[[], None] | None = None, *,
            checkable: bool = False, tip: str = "") -> QAction:
        self._texts[name] = text
        action = super().add(name, text, keys, lambda _=False, n=name: self._fire(n, slot),
                             checkable=checkable, tip=tip)
        action.setEnabled(False)
        return action

    def _fire(self, name: str, own: Callable[[], None] | None) -> None:
        slot = self._lent[name][1] if self._lent else own
        if slot is not None:
            slot()

    def set_owner_active(self, active: bool) -> None:
        self.owner_active = active
        self._enable()

    def lend(self, handlers: dict[str, tuple[str, Callable[[], None]]] | None) -> None:
        """Gives the named actions to a borrower as (text, slot); None gives them all back."""
        self._lent = dict(handlers or {})
        for name, action in self.items():
            action.setText(self._lent[name][0] if name in self._lent else self._texts[name])
        self._enable()

    def _enable(self) -> None:
        for name, action in self.items():
            action.setEnabled(name in self._lent if self._lent else self.owner_active)


def _can_be_active_together(a: str, b: str) -> bool:
    return a == ALWAYS or b == ALWAYS or a == b


def _portable(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.PortableText)


class ActionRegistry(QObject):
    """All collections of one window, in registration order (which decides key clashes)."""

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._collections: dict[str, ActionCollection] = {}

    def register(self, collection: ActionCollection) -> ActionCollection:
        """Adds a collection, or replaces one of the same name (the codebook's labels are
        declared anew whenever the codebook changes)."""
        old = self._collections.pop(collection.name, None)
        if old is not None and old is not collection:
            old.deleteLater()
        self._collections[collection.name] = collection
        return collection

    def collections(self) -> list[ActionCollection]:
        return list(self._collections.values())

    def collection(self, name: str) -> ActionCollection | None:
        return self._collections.get(name)

    def action(self, action_id: str) -> QAction:
        collection, _, name = action_id.partition(".")
        return self._collections[collection][name]

    # -- keys ----------------------------------------------------------------------------

    def wanted_keys(self, collection: ActionCollection, name: str) -> tuple[str, ...]:
        """The keys an action should have: the analyst's override if any, else its default."""
        override = self.settings.value(f"{SETTINGS_GROUP}/{collection.name}.{name}", None)
        if override is None:
            return collection.default_keys(name)
        try:
            keys = json.loads(override) if isinstance(override, str) else list(override)
        except ValueError:
            keys = [override]
        return tuple(str(k) for k in keys if str(k).strip())

    def set_keys(self, action_id: str, keys: Iterable[str]) -> list[KeyClash]:
        """Stores the analyst's keys for one action and applies every action's keys anew."""
        self.settings.setValue(f"{SETTINGS_GROUP}/{action_id}", json.dumps(list(keys)))
        return self.apply_keys()

    def apply_keys(self) -> list[KeyClash]:
        """Gives every action its keys; where two actions that can be active together want the
        same key, the one registered first keeps it. Returns the clashes resolved."""
        taken: list[tuple[str, str, str]] = []   # (portable key, scope, action id)
        clashes: list[KeyClash] = []
        for collection in self._collections.values():
            for name, action in collection.items():
                action_id = f"{collection.name}.{name}"
                kept: list[QKeySequence] = []
                for key in self.wanted_keys(collection, name):
                    portable = _portable(key)
                    if not portable:
                        continue
                    holder = next((owner for k, scope, owner in taken
                                   if k == portable and _can_be_active_together(scope, collection.scope)), None)
                    if holder is not None:
                        clashes.append(KeyClash(portable, holder, action_id))
                        continue
                    taken.append((portable, collection.scope, action_id))
                    kept.append(QKeySequence(portable))
                action.setShortcuts(kept)
        return clashes

    def clashes_in_defaults(self) -> list[KeyClash]:
        """Clashes among the declared default keys alone (a programming error, tested)."""
        seen: list[tuple[str, str, str]] = []
        clashes = []
        for collection in self._collections.values():
            for name in (n for n, _ in collection.items()):
                action_id = f"{collection.name}.{name}"
                for key in map(_portable, collection.default_keys(name)):
                    holder = next((owner for k, scope, owner in seen
                                   if k == key and _can_be_active_together(scope, collection.scope)), None)
                    if holder is not None:
                        clashes.append(KeyClash(key, holder, action_id))
                    seen.append((key, collection.scope, action_id))
        return clashes

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(feature, action, keys as shown on this platform, id) for Help › Keyboard shortcuts."""
        rows = []
        for collection in self._collections.values():
            for name, action in collection.items():
                keys = ", ".join(s.toString(QKeySequence.NativeText) for s in action.shortcuts())
                rows.append((collection.title, action.text().replace("&", ""), keys,
                             f"{collection.name}.{name}"))
        return rows

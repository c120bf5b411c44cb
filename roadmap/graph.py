"""Dependencies between measures form a directed graph that must stay free of cycles.

The graph of one municipality's roadmap is small (tens of measures), so it is read whole and
searched in Python.
"""

from collections.abc import Iterable, Mapping


def cycle_through(
    edges: Mapping[int, Iterable[int]], node: int, new_targets: Iterable[int]
) -> list[int] | None:
    """The cycle that giving `node` the dependencies `new_targets` would close, if any.

    `edges` maps each measure to the measures it depends on (the current graph; `node`'s own
    entry is replaced by `new_targets`). The answer starts and ends with `node`, e.g.
    [a, b, c, a] for "a depends on b, b on c, c on a"; None when no cycle would arise.
    """
    graph = {key: set(targets) for key, targets in edges.items()}
    graph[node] = set(new_targets)
    # Depth-first from node; the path back to node (if any) is the cycle.
    stack: list[tuple[int, list[int]]] = [(node, [node])]
    seen: set[int] = set()
    while stack:
        current, path = stack.pop()
        for target in sorted(graph.get(current, ()), reverse=True):
            if target == node:
                return [*path, node]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None

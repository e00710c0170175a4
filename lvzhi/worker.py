"""What a server process does once before it serves: load the large dictionaries, then freeze the heap.

jieba's dictionary and OpenCC's tables are hundreds of thousands of long-lived objects. Left in the collected
heap, every full garbage collection walks them again, and a request that happens to trigger one waits about
100 ms longer. `gc.freeze()` moves everything loaded so far out of the collector's sight (a common practice for
Django workers); the collector keeps working for what requests allocate.
"""
from __future__ import annotations

import gc


def prepare_worker() -> None:
    from django.urls import get_resolver

    from lvzhi.text import chinese, segment

    segment.tokens("政协委员履职")
    chinese.to_simplified("政協委員")
    get_resolver().url_patterns  # imports every view, the API and their serializers  # noqa: B018
    gc.collect()
    gc.freeze()

"""Schema postprocessing: what every paged list answers besides its rows, declared once for all of them."""
from __future__ import annotations

from typing import Any

PAGE_NOT_FOUND = "未找到；或页码超出范围（page 大于总页数）"


def document_page_not_found(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A paged list answers 404 for a page past the last one (DRF's PageNumberPagination): say so on each of them."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            if not any(p.get("in") == "query" and p.get("name") == "page" for p in operation.get("parameters", ())):
                continue
            responses = operation.setdefault("responses", {})
            if "404" in responses:
                responses["404"]["description"] = PAGE_NOT_FOUND
            else:
                responses["404"] = {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    "description": PAGE_NOT_FOUND,
                }
    return result

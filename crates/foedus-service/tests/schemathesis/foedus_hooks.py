"""Schemathesis hooks for foedus' API (crates/foedus-service/tests/schemathesis.rs).

A document attached to a record is raw bytes of its media type, which
schemathesis cannot generate from a schema: PDFs are drawn here as the header
foedus checks followed by any bytes (so both the accepted and the refused cases
are reached); text and HTML are drawn as any text.
"""

import schemathesis
from hypothesis import strategies as st

schemathesis.openapi.media_type(
    "application/pdf",
    st.one_of(st.binary(max_size=2048).map(lambda b: b"%PDF-1.7\n" + b), st.binary(max_size=64)),
)

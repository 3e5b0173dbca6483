# Pinned tool versions, sourced by the other scripts. Change them here only.
# wasm-bindgen-cli must equal the `wasm-bindgen = "=X"` pin in Cargo.toml (checked by scripts/setup).
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.129
BINARYEN_VERSION=132.0.0
# wasm-split-cli (crate wasm_split_cli_support) must understand the split points of the
# wasm_split_helpers that leptos brings (see Cargo.lock).
WASM_SPLIT_VERSION=0.2.4
SYNAPSE_VERSION=1.163.2
# oidc-provider (npm): the OpenID provider of the single sign-on tests and the demo.
OIDC_PROVIDER_VERSION=9.13.3
# axe-core (npm): the accessibility checks the e2e suite runs on every page and dialog.
AXE_CORE_VERSION=4.11.0

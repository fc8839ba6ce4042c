// Starts the app. It lives in its own file because the page's Content-Security-Policy forbids
// inline scripts (`script-src 'self' 'wasm-unsafe-eval'`), so trunk's injected inline loader is
// replaced by a tag for this file (Trunk.toml: pattern_script, filehash = false).
import init from './idv-capture.js';

init();

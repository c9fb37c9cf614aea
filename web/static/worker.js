// The evaluation worker: the same wasm as the page. Its main() finds no window, installs the
// message handler and posts {"ready": true}; the page then sends evaluation requests.
import init from './medtech-web.js';

init();

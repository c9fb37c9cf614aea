// Starts the app: loads the wasm module built by trunk (medtech-web.js + medtech-web_bg.wasm)
// and runs its main(), which mounts the Yew app on <body>.
import init from './medtech-web.js';

init().catch((error) => {
  const banner = document.getElementById('fatal');
  const message = document.getElementById('fatal-message');
  if (message) message.textContent = String(error);
  if (banner) banner.hidden = false;
});

// The self-contained build, dist/send-lens.inline.js: a classic script (`<script src>`, no
// type="module") with the worker's code and the wasm inside, for pages opened from file://,
// where Chromium refuses module scripts and Workers loaded from files but runs blob: Workers.
import { defineSendLens, upgrade } from './element.js';
// Built by xtask just before this file is bundled (see xtask/src/embed.rs).
import workerSource from '../../../dist/send-lens.worker.js' with { type: 'text' };
import wasm from '../../pkg/sendlens_bg.wasm' with { type: 'bytes' };

const script = document.currentScript;
let workerURL = null;

defineSendLens({
  script,
  scriptURL: script?.src || document.baseURI,
  wasm,
  startWorker: () => {
    workerURL ??= URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    return new Worker(workerURL, { name: 'send-lens' });
  },
});

globalThis.SendLens = { upgrade };

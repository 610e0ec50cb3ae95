// The only thing the renderer gets: `window.hallCounter`, an API generated from the contract
// (one function per core method) plus `on(event, fn)`. The MessagePort to the core stays here;
// no raw ipcRenderer or channel names reach the page.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeCoreBridge } from './bridge';

exposeCoreBridge({ contextBridge, ipcRenderer, location: (globalThis as unknown as { location: { hash: string } }).location });

import common from './common';
import counter from './counter';
import pad from './pad';
import kiosk from './kiosk';
import display from './display';
import manager from './manager';
import errors from './errors';
import city from './city';
import track from './track';
import practices from './practices';

export default { common, counter, pad, kiosk, display, manager, errors, city, track, practices };

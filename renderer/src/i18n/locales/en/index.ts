import common from './common';
import counter from './counter';
import pad from './pad';
import kiosk from './kiosk';
import display from './display';
import manager from './manager';
import track from './track';

export default { common, counter, pad, kiosk, display, manager, track };

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * Re-renders its host when any of the stores it watches changes. Listens
 * only while the host is connected, so a store's work (a catalog request)
 * starts when an element appears and stops when the last one leaves.
 */
export class StoreController implements ReactiveController {
  private stores: ReadableAtom<unknown>[] = [];
  private stops: (() => void)[] = [];
  private connected = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Watches `stores` instead of what it watched before. */
  watch(stores: ReadableAtom<unknown>[]): void {
    this.unlisten();
    this.stores = stores;
    if (this.connected) this.listen();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    this.listen();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unlisten();
  }

  private listen() {
    this.stops = this.stores.map((store) => store.listen(() => this.host.requestUpdate()));
  }

  private unlisten() {
    for (const stop of this.stops) stop();
    this.stops = [];
  }
}

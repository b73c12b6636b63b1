import { defineElement } from '../../internal/define.js';
import { CommissionEstimator } from './commission-estimator.js';

defineElement('commission-estimator', CommissionEstimator);

declare global {
  interface HTMLElementTagNameMap {
    'commission-estimator': CommissionEstimator;
  }
}

export { CommissionEstimator };

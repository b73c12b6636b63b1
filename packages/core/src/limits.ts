/** The highest offer discount a quote may carry: up to 10 %. */
export const MAX_DISCOUNT_RATE = '0.10';

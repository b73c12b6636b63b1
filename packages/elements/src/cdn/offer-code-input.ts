// What the autoloader loads for <offer-code-input>. The field's code sits in a
// chunk it shares with <quote-builder>, which renders one; imported through
// this module, which exports nothing, the paste-in build needs no module
// namespace object (and no runtime helper chunk to make one) for that chunk.
import '../components/offer-code-input/define.js';

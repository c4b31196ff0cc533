// The chart libraries as one script with browser globals (bundled by esbuild at build).
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import vegaEmbed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

window.vega = vega;
window.vegaLite = vegaLite;
window.vegaEmbed = vegaEmbed;
window.vegaExpressionInterpreter = expressionInterpreter;

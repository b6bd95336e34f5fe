import { describe, expect, it } from 'vitest';
import { checkSvg } from './svg-check.js';

const svg = (inner: string, attributes = '') => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40"${attributes}>${inner}</svg>`;

describe('an uploaded SVG', () => {
  it('is accepted when it only draws: shapes, gradients, styles and references inside the file', () => {
    const logo = svg(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#1d4e89"/></linearGradient><style>.a{fill:url(#g)}</style></defs>' +
        '<rect class="a" width="120" height="40" style="fill: url(\'#g\')"/><use href="#g"/><use xlink:href="#g"/><text x="4" y="28">W</text>',
    );
    expect(checkSvg(`<?xml version="1.0" encoding="UTF-8"?><!-- made by hand -->${logo}`)).toBeUndefined();
    expect(checkSvg(svg('<image width="10" height="10" href="data:image/png;base64,iVBORw0KGgo="/>'))).toBeUndefined();
  });

  it('is refused when it holds a script, an event handler, a javascript: link or an animation', () => {
    expect(checkSvg(svg('<script>alert(1)</script>'))).toBe('svgScript');
    expect(checkSvg(svg('<script xlink:href="#x"/>'))).toBe('svgScript');
    expect(checkSvg(svg('<rect width="1" height="1"/>', ' onload="alert(1)"'))).toBe('svgScript');
    expect(checkSvg(svg('<rect ONCLICK="alert(1)" width="1" height="1"/>'))).toBe('svgScript');
    expect(checkSvg(svg('<a href=" javascript:alert(1)"><rect width="1" height="1"/></a>'))).toBe('svgScript');
    expect(checkSvg(svg('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>'))).toBe('svgScript');
    expect(checkSvg(svg('<animate attributeName="x" values="0;1"/>'))).toBe('svgScript');
  });

  it('is refused when it holds foreign objects (HTML, iframes, media)', () => {
    expect(checkSvg(svg('<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'))).toBe('svgForeign');
    expect(checkSvg(svg('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://example.com"/>'))).toBe('svgForeign');
  });

  it('is refused when it refers to anything outside the file', () => {
    expect(checkSvg(svg('<image href="https://tracker.example/p.png" width="1" height="1"/>'))).toBe('svgExternal');
    expect(checkSvg(svg('<use xlink:href="other.svg#a"/>'))).toBe('svgExternal');
    expect(checkSvg(svg('<image href="data:image/svg+xml;base64,PHN2Zz4=" width="1" height="1"/>'))).toBe('svgExternal');
    expect(checkSvg(svg('<style>@import url(https://fonts.example/css);</style>'))).toBe('svgExternal');
    expect(checkSvg(svg('<style><![CDATA[ rect { fill: url(https://x.example/a.svg#p) } ]]></style>'))).toBe('svgExternal');
    expect(checkSvg(svg('<rect style="background:url(//x.example/a.png)" width="1" height="1"/>'))).toBe('svgExternal');
    expect(checkSvg(`<?xml-stylesheet href="https://x.example/a.css"?>${svg('')}`)).toBe('svgExternal');
  });

  it('is refused when it is not a well-formed SVG document, or carries a DOCTYPE', () => {
    expect(checkSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>')).toBe('svgInvalid');
    expect(checkSvg('<html><body/></html>')).toBe('svgInvalid');
    expect(checkSvg('<svg><rect/></svg>')).toBe('svgInvalid'); // not in the SVG namespace
    expect(checkSvg(`<!DOCTYPE svg [<!ENTITY x "y">]>${svg('')}`)).toBe('svgInvalid');
    expect(checkSvg('')).toBe('svgInvalid');
  });
});

import { describe, expect, it } from 'vitest';
import { raw } from './jsx-runtime.ts';

describe('jsx runtime', () => {
  it('escapes text and attribute values', () => {
    const evil = '<script>alert("x")</script>';
    const html = (
      <p title={evil} class="x">
        {evil}
      </p>
    ).toString();
    expect(html).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" class="x">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    );
  });

  it('renders void elements, boolean attributes, arrays, fragments and components', () => {
    const Item = (props: { name: string }) => <li>{props.name}</li>;
    const html = (
      <>
        <input name="a" required disabled={false} />
        <ul>
          {['x', 'y'].map((name) => (
            <Item name={name} />
          ))}
        </ul>
        {raw('<!-- trusted -->')}
        {null}
        {0}
      </>
    ).toString();
    expect(html).toBe('<input name="a" required><ul><li>x</li><li>y</li></ul><!-- trusted -->0');
  });
});

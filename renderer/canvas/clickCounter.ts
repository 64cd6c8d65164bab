// PointerEvent.detail is 0 in Chromium, so double clicks are counted here.
const DOUBLE_CLICK_MS = 400;
const DOUBLE_CLICK_PX = 5;

export function createClickCounter(): (x: number, y: number, time: number) => number {
  let last = { x: -Infinity, y: -Infinity, time: -Infinity, count: 0 };
  return (x, y, time) => {
    const repeat = time - last.time <= DOUBLE_CLICK_MS && Math.hypot(x - last.x, y - last.y) <= DOUBLE_CLICK_PX;
    last = { x, y, time, count: repeat ? last.count + 1 : 1 };
    return last.count;
  };
}

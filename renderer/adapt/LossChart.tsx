import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const WIDTH = 220;
const HEIGHT = 140;

/** The training loss by step, redrawn as points arrive (uPlot draws on one canvas, cheap per update). */
export function LossChart({ steps, losses }: { steps: readonly number[]; losses: readonly number[] }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    const options: uPlot.Options = {
      width: WIDTH,
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [{ label: 'step', size: 30 }, { label: 'loss', size: 40 }],
      series: [{}, { label: 'loss', stroke: '#4363d8', width: 1.5 }],
    };
    chart.current = new uPlot(options, [[], []], container.current!);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setData([[...steps], [...losses]]);
  }, [steps, losses]);

  return <div ref={container} className="loss-chart" data-testid="loss-chart" data-points={steps.length} aria-label="Training loss by step" role="img" />;
}
